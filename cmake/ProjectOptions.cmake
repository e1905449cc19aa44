# Warnings and sanitizers are INTERFACE targets linked PRIVATE to the
# project's own targets, so they never apply to third-party headers.
add_library(forewarn_warnings INTERFACE)
target_compile_options(forewarn_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  $<$<BOOL:${FOREWARN_WERROR}>:-Werror>)

add_library(forewarn_sanitizers INTERFACE)
if(FOREWARN_SANITIZE)
  target_compile_options(forewarn_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(forewarn_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
