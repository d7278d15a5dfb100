# `cmake --install`: the two tools, their man pages and bash completion, and the libraries with their
# public headers, a CMake package and pkg-config files. The libraries are static.
#
# The package's default components are the libraries an embedder searches and indexes with
# (find_package(Fahras): Fahras::searcher, Fahras::indexer, Fahras::common, fahras.pc); they need
# Xapian, ICU, gumbo and zlib, and neither nlohmann-json nor an HTTP library. The front-ends of
# fahras-search are optional components with their own export sets, so that only those who ask for
# them need what they need: `printer` (Fahras::printer: text, JSON Lines, TREC and the page's HTML;
# nlohmann-json; fahras-printer.pc) and `server` (Fahras::server: the HTTP server, Boost.Asio
# compiled in, so nothing more at link time).
#
# Components, for the Debian packages of cmake/FahrasPackage.cmake: what an embedder builds against
# (libraries, headers, CMake package, pkg-config files) is COMPONENT dev; the rest (tools, man pages,
# completion) has none, so it is CMake's default component, Unspecified. `cmake --install` installs both.
include(CMakePackageConfigHelpers)

set(FAHRAS_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Fahras)

install(TARGETS fahras-index fahras-search RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS fahras_common fahras_indexer fahras_searcher EXPORT FahrasTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
install(DIRECTORY common/include/fahras indexer/include/fahras searcher/include/fahras
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev)
install(EXPORT FahrasTargets NAMESPACE Fahras:: DESTINATION ${FAHRAS_CMAKE_DIR} COMPONENT dev)
foreach(component printer server)
  string(SUBSTRING ${component} 0 1 first)
  string(TOUPPER ${first} first)
  string(SUBSTRING ${component} 1 -1 rest)
  install(TARGETS fahras_${component} EXPORT Fahras${first}${rest}Targets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
  install(DIRECTORY ${component}/include/fahras DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev)
  install(EXPORT Fahras${first}${rest}Targets NAMESPACE Fahras:: DESTINATION ${FAHRAS_CMAKE_DIR} COMPONENT dev)
endforeach()

configure_package_config_file(cmake/FahrasConfig.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/FahrasConfig.cmake
                              INSTALL_DESTINATION ${FAHRAS_CMAKE_DIR})
# 0.x: a new minor version may change the API.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/FahrasConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/FahrasConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/FahrasConfigVersion.cmake
        DESTINATION ${FAHRAS_CMAKE_DIR} COMPONENT dev)

# fahras.pc finds its prefix relative to itself (${pcfiledir}), so the tree can be installed with
# `cmake --install --prefix` anywhere, or moved.
file(RELATIVE_PATH FAHRAS_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
configure_file(cmake/fahras.pc.in ${CMAKE_CURRENT_BINARY_DIR}/fahras.pc @ONLY)
configure_file(cmake/fahras-printer.pc.in ${CMAKE_CURRENT_BINARY_DIR}/fahras-printer.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/fahras.pc ${CMAKE_CURRENT_BINARY_DIR}/fahras-printer.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

# Man pages are installed compressed, as Debian policy (12.1) wants them, by `gzip -9n` (no name or time
# stamp: the same bytes from every build). man reads them as they are.
foreach(tool fahras-index fahras-search)
  add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/man/${tool}.1.gz
                     COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/man
                     COMMAND gzip -9n -c ${CMAKE_CURRENT_SOURCE_DIR}/docs/man/${tool}.1 > ${CMAKE_CURRENT_BINARY_DIR}/man/${tool}.1.gz
                     DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/docs/man/${tool}.1 VERBATIM)
  list(APPEND FAHRAS_MAN_PAGES ${CMAKE_CURRENT_BINARY_DIR}/man/${tool}.1.gz)
endforeach()
add_custom_target(fahras-man-pages ALL DEPENDS ${FAHRAS_MAN_PAGES})
install(FILES ${FAHRAS_MAN_PAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
# bash-completion loads completions/<command> when <command> is first completed; the one script
# serves both.
foreach(tool fahras-index fahras-search)
  install(FILES docs/completion/fahras.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
          RENAME ${tool})
endforeach()
