# `cmake --install`: the two tools, their man pages and bash completion, and the libraries with their
# public headers, a CMake package (find_package(Fahras): Fahras::searcher, Fahras::indexer,
# Fahras::common) and a pkg-config file (fahras.pc). The libraries are static.
include(CMakePackageConfigHelpers)

set(FAHRAS_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Fahras)

install(TARGETS fahras-index fahras-search RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS fahras_common fahras_indexer fahras_searcher EXPORT FahrasTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY common/include/fahras indexer/include/fahras searcher/include/fahras
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT FahrasTargets NAMESPACE Fahras:: DESTINATION ${FAHRAS_CMAKE_DIR})

configure_package_config_file(cmake/FahrasConfig.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/FahrasConfig.cmake
                              INSTALL_DESTINATION ${FAHRAS_CMAKE_DIR})
# 0.x: a new minor version may change the API.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/FahrasConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/FahrasConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/FahrasConfigVersion.cmake
        DESTINATION ${FAHRAS_CMAKE_DIR})

# fahras.pc finds its prefix relative to itself (${pcfiledir}), so the tree can be installed with
# `cmake --install --prefix` anywhere, or moved.
file(RELATIVE_PATH FAHRAS_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
configure_file(cmake/fahras.pc.in ${CMAKE_CURRENT_BINARY_DIR}/fahras.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/fahras.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

install(FILES docs/man/fahras-index.1 docs/man/fahras-search.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
# bash-completion loads completions/<command> when <command> is first completed; the one script
# serves both.
foreach(tool fahras-index fahras-search)
  install(FILES docs/completion/fahras.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
          RENAME ${tool})
endforeach()
