# macOS: an app bundle with Info.plist and icon, Qt frameworks deployed by macdeployqt (through
# Qt's deploy script), and a DMG from CPack's DragNDrop generator. Not built on the Linux CI.
set(MACOSX_BUNDLE_ICON_FILE eknmusic.icns)
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/eknmusic.icns PROPERTIES MACOSX_PACKAGE_LOCATION Resources)
target_sources(eknmusic PRIVATE ${CMAKE_CURRENT_LIST_DIR}/eknmusic.icns)
set_target_properties(eknmusic PROPERTIES
  MACOSX_BUNDLE ON
  OUTPUT_NAME EKNMusic
  MACOSX_BUNDLE_INFO_PLIST ${CMAKE_CURRENT_LIST_DIR}/Info.plist.in
  MACOSX_BUNDLE_GUI_IDENTIFIER org.eknmusic.EKNMusic
  MACOSX_BUNDLE_BUNDLE_NAME EKNMusic
  MACOSX_BUNDLE_BUNDLE_VERSION ${PROJECT_VERSION}
  MACOSX_BUNDLE_SHORT_VERSION_STRING ${PROJECT_VERSION})
qt_generate_deploy_app_script(TARGET eknmusic OUTPUT_SCRIPT _ekn_deploy NO_UNSUPPORTED_PLATFORM_ERROR)
install(SCRIPT ${_ekn_deploy})
