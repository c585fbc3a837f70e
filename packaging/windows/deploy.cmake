# Windows: install the Qt runtime beside eknmusic.exe with windeployqt (through Qt's deploy
# script), then CPack's NSIS generator makes the installer. Not built on the Linux CI; see
# README "Windows" for what was and was not tried.
set_target_properties(eknmusic PROPERTIES WIN32_EXECUTABLE ON)
target_sources(eknmusic PRIVATE ${CMAKE_CURRENT_LIST_DIR}/eknmusic.rc)
qt_generate_deploy_app_script(TARGET eknmusic OUTPUT_SCRIPT _ekn_deploy NO_UNSUPPORTED_PLATFORM_ERROR)
install(SCRIPT ${_ekn_deploy})
