# Translations of the desktop app (and of core's messages it shows). Strings are collected by
# lupdate from core/, ui/ and app/desktop/ (target `update_translations`); the .qm files are
# compiled into eknmusic_ui under :/i18n (so the app and the UI tests have them) and chosen by
# the system locale at start (ui/translations.cpp). Included from ui/CMakeLists.txt.
# Shipped languages: every .ts file here must be complete (tests/packaging checks it).
# eknmusic_en.ts holds only the English plural forms of "%n ..." strings (lupdate -pluralonly):
# it is always installed under the chosen language, so English says "1 track" / "2 tracks".
set(EKN_TS_FILES ${PROJECT_SOURCE_DIR}/resources/translations/eknmusic_de.ts)
set(EKN_PLURALS_TS_FILE ${PROJECT_SOURCE_DIR}/resources/translations/eknmusic_en.ts)
file(GLOB_RECURSE _ekn_tr_sources CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/core/*.cpp ${PROJECT_SOURCE_DIR}/core/*.h
  ${PROJECT_SOURCE_DIR}/ui/*.cpp ${PROJECT_SOURCE_DIR}/ui/*.h
  ${PROJECT_SOURCE_DIR}/app/desktop/*.cpp)
qt_add_lupdate(eknmusic_ui TS_FILES ${EKN_TS_FILES} SOURCES ${_ekn_tr_sources}
  OPTIONS -no-obsolete -locations none)
# Qt 6.4's qt_add_lupdate has no plurals-only mode: the English catalog gets its own step,
# run by update_translations too (same sources and options as tests/packaging/check_translations.sh).
add_custom_target(eknmusic_en_lupdate
  COMMAND Qt6::lupdate -silent -recursive core ui app/desktop -no-obsolete -locations none
          -pluralonly -target-language en -ts ${EKN_PLURALS_TS_FILE}
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
  COMMENT "Updating the English plural forms (eknmusic_en.ts)"
  VERBATIM)
add_dependencies(update_translations eknmusic_en_lupdate)
qt_add_lrelease(eknmusic_ui TS_FILES ${EKN_TS_FILES} ${EKN_PLURALS_TS_FILE} QM_FILES_OUTPUT_VARIABLE _ekn_qm_files)
qt_add_resources(eknmusic_ui translations PREFIX /i18n BASE ${CMAKE_CURRENT_BINARY_DIR} FILES ${_ekn_qm_files})
