# layer_check(<target> ROOT <firmware-host|sim> FOLDER <folder> [USES <sibling folders>])
# Makes <target> depend on a check that every header the folder's sources include from ROOT lies
# in the folder itself or in a sibling it USES (cmake/check_layer_includes.cmake). The check
# reruns whenever a file of the folder changes.
function(layer_check target)
  cmake_parse_arguments(L "" "ROOT;FOLDER" "USES" ${ARGN})
  set(dir ${PROJECT_SOURCE_DIR}/${L_ROOT}/${L_FOLDER})
  file(GLOB files CONFIGURE_DEPENDS ${dir}/*.cc ${dir}/*.h)
  set(base ${CMAKE_BINARY_DIR}/layer_checks/${L_ROOT}_${L_FOLDER})
  string(JOIN "," allowed ${L_FOLDER} ${L_USES})
  file(WRITE ${base}.files "${files}")
  add_custom_command(OUTPUT ${base}.stamp
    COMMAND ${CMAKE_COMMAND} -DROOT=${L_ROOT} -DLAYER=${L_FOLDER} -DALLOWED=${allowed}
            -DFILE_LIST=${base}.files -DSTAMP=${base}.stamp
            -P ${PROJECT_SOURCE_DIR}/cmake/check_layer_includes.cmake
    DEPENDS ${files} ${base}.files ${PROJECT_SOURCE_DIR}/cmake/check_layer_includes.cmake
    COMMENT "Checking that ${L_ROOT}/${L_FOLDER}/ includes only the layers it uses"
    VERBATIM)
  add_custom_target(${target}_layers DEPENDS ${base}.stamp)
  add_dependencies(${target} ${target}_layers)
endfunction()
