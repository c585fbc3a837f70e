# Compiled-in resources of eknmusic_core: the server migrations (so an installed eknmusic-cli
# can migrate with no files beside it) and the local library's schema (resources/local-schema).
# Included from core/CMakeLists.txt; Qt propagates the resource objects of a static library to
# whatever links it, so they are never dropped by the linker.
file(GLOB _server_migrations CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/migrations/versions/*.sql)
if(_server_migrations)
  qt_add_resources(eknmusic_core server_migrations
    PREFIX /migrations
    BASE ${PROJECT_SOURCE_DIR}/migrations/versions
    FILES ${_server_migrations})
endif()
file(GLOB _local_schema CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/resources/local-schema/*.sql)
if(_local_schema)
  qt_add_resources(eknmusic_core local_schema
    PREFIX /local-schema
    BASE ${PROJECT_SOURCE_DIR}/resources/local-schema
    FILES ${_local_schema})
endif()
