# Fails the build when a firmware-host folder includes a header of a firmware-host folder it has
# not declared as a dependency (firmware-host/CMakeLists.txt, host_layer(... USES ...)).
# Run as: cmake -DLAYER=store -DALLOWED=store,ledger -DFILE_LIST=<list of the folder's files>
#           -DSTAMP=<stamp> -P check_layer_includes.cmake
# Static libraries alone do not stop such an include: every host library sees the project root
# and the executables link all of them, so the layer graph is checked here, at every build that
# touched the folder.
cmake_minimum_required(VERSION 3.25)
string(REPLACE "," ";" ALLOWED "${ALLOWED}")
file(READ "${FILE_LIST}" FILES)
set(errors "")
foreach(file IN LISTS FILES)
  file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"(firmware-host|sim)/")
  foreach(line IN LISTS lines)
    string(REGEX MATCH "\"(firmware-host|sim)/([^/\"]+)" _ "${line}")
    set(top "${CMAKE_MATCH_1}")
    set(folder "${CMAKE_MATCH_2}")
    if(top STREQUAL "sim")
      string(APPEND errors "\n  ${file}: ${line}\n    firmware-host never includes sim/ (the simulator talks to gated over the real protocols only)")
    elseif(NOT folder IN_LIST ALLOWED)
      string(APPEND errors "\n  ${file}: ${line}\n    firmware-host/${LAYER}/ may include only firmware-host/{${ALLOWED}}/; declare the dependency in firmware-host/CMakeLists.txt (host_layer ${LAYER} USES …) if it belongs to the design, or move the code")
    endif()
  endforeach()
endforeach()
if(errors)
  message(FATAL_ERROR "layer check failed for firmware-host/${LAYER}/:${errors}")
endif()
file(TOUCH "${STAMP}")
