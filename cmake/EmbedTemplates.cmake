# The built-in message templates in service/core/messages/templates/builtin/
# (<locale>/<kind>.<channel>.<part>.mustache, <locale>/partials/<name>.mustache,
# layout.email.html.mustache) are compiled into the core, like the migrations,
# so a released forewarn carries the wording it was tested with.
set(FOREWARN_TEMPLATES_DIR ${CMAKE_SOURCE_DIR}/service/core/messages/templates/builtin)
file(GLOB_RECURSE FOREWARN_TEMPLATE_FILES CONFIGURE_DEPENDS ${FOREWARN_TEMPLATES_DIR}/*.mustache)
set(FOREWARN_TEMPLATES_CPP ${CMAKE_BINARY_DIR}/generated/builtin_templates.cpp)
add_custom_command(
  OUTPUT ${FOREWARN_TEMPLATES_CPP}
  COMMAND ${CMAKE_COMMAND} -DOUT=${FOREWARN_TEMPLATES_CPP} -DDIR=${FOREWARN_TEMPLATES_DIR}
          -P ${CMAKE_SOURCE_DIR}/cmake/GenerateTemplates.cmake
  DEPENDS ${FOREWARN_TEMPLATE_FILES} ${CMAKE_SOURCE_DIR}/cmake/GenerateTemplates.cmake
  COMMENT "Embedding built-in message templates")
