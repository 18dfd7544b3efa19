# Installation and the Debian package (`cpack -G DEB` in the build directory):
#   /usr/bin/{gated,gatectl,gate-sim}, /usr/share/gate/policies/*.textproto,
#   /usr/share/gate/platforms/*.textproto (platform profiles, docs/platform-profiles.md),
#   /usr/share/gate/models/plate_recognizer.onnx (drivers/lpr, for lanes with a plain camera),
#   /usr/lib/gate/gate-lpr-plugin.so (the plugin gated loads for such lanes; lpr_plugin_loader.h),
#   /etc/gate/gated.textproto (conffile), /lib/systemd/system/gated.service,
#   maintainer scripts creating the `gate` user. See deploy/README.md.
include(GNUInstallDirs)

install(TARGETS gated gatectl gate-sim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules/policies/ DESTINATION ${CMAKE_INSTALL_DATADIR}/gate/policies
  FILES_MATCHING PATTERN "*.textproto")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/deploy/platforms/
  DESTINATION ${CMAKE_INSTALL_DATADIR}/gate/platforms FILES_MATCHING PATTERN "*.textproto")
# Not under CMAKE_INSTALL_LIBDIR: gated looks for it at this fixed path (lpr_plugin_loader.h).
install(TARGETS gate_lpr_plugin LIBRARY DESTINATION lib/gate)
install(FILES ${PROJECT_SOURCE_DIR}/drivers/lpr/models/plate_recognizer.onnx
  DESTINATION ${CMAKE_INSTALL_DATADIR}/gate/models)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/package/gated.textproto DESTINATION /etc/gate
  PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/gated.service DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/README.md ${PROJECT_SOURCE_DIR}/docs/operations.md
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/gate-controller)

# `make install`/cpack must not rebuild the whole tree (tests included) first: the package test
# runs cpack from inside ctest on binaries that are already built.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(CPACK_PACKAGE_NAME "gate-controller")
set(CPACK_PACKAGE_VENDOR "gate controller project")
set(CPACK_PACKAGE_CONTACT "gate controller maintainers <gate@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "Truck gate controller for emission supervision at key-industry plants")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR "DEB")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "misc")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The font of the evidence photos' Chinese text (drivers/caption/caption_font.h); WenQuanYi Micro
# Hei, a twentieth of the size, serves as well where disk is short.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, openssl, fonts-noto-cjk | fonts-wqy-microhei")
set(CPACK_DEBIAN_COMPRESSION_TYPE "gzip")
file(WRITE ${CMAKE_BINARY_DIR}/deb-control/conffiles "/etc/gate/gated.textproto\n")
foreach(script postinst prerm postrm)
  configure_file(${PROJECT_SOURCE_DIR}/deploy/package/${script} ${CMAKE_BINARY_DIR}/deb-control/${script}
    COPYONLY FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
    WORLD_READ WORLD_EXECUTE)
endforeach()
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${CMAKE_BINARY_DIR}/deb-control/conffiles ${CMAKE_BINARY_DIR}/deb-control/postinst
  ${CMAKE_BINARY_DIR}/deb-control/prerm ${CMAKE_BINARY_DIR}/deb-control/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
