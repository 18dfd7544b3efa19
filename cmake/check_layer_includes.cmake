# Fails the build when a folder of firmware-host/ or sim/ includes a header of a sibling folder it
# has not declared as a dependency (layer_check() in cmake/layer_check.cmake), or when either tree
# includes the other.
# Run as: cmake -DROOT=firmware-host -DLAYER=store -DALLOWED=store,ledger
#           -DFILE_LIST=<list of the folder's files> -DSTAMP=<stamp> -P check_layer_includes.cmake
# Static libraries alone do not stop such an include: every library sees the project root and the
# executables link them all, so the layer graph is checked here, at every build that touched the
# folder.
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
    if(NOT top STREQUAL ROOT)
      string(APPEND errors "\n  ${file}: ${line}\n    ${ROOT}/ never includes ${top}/: the simulator and the gate talk over the real protocols only")
    elseif(NOT folder IN_LIST ALLOWED)
      string(APPEND errors "\n  ${file}: ${line}\n    ${ROOT}/${LAYER}/ may include only ${ROOT}/{${ALLOWED}}/; add it to the folder's USES list (host_layer in firmware-host/CMakeLists.txt, layer_check in sim/<folder>/CMakeLists.txt) if it belongs to the design, or move the code")
    endif()
  endforeach()
endforeach()
if(errors)
  message(FATAL_ERROR "layer check failed for ${ROOT}/${LAYER}/:${errors}")
endif()
file(TOUCH "${STAMP}")
