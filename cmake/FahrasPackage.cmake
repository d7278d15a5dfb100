# Debian packages of everything `cmake --install` installs: `./run package`, or `cpack -G DEB` in the
# build folder, writes two .deb files there:
#   fahras      the tools, their man pages and bash completion, the README and the Python module when it
#               is built: what a newsroom server runs. Its dependencies are the shared libraries the
#               binaries load, found by dpkg-shlibdeps (dpkg-dev), so they follow the binaries.
#   fahras-dev  the static libraries, headers, CMake package and pkg-config files: what an embedder
#               builds against. Its dependencies are the -dev packages a program linking the static
#               libraries needs, by hand (static libraries load nothing for dpkg-shlibdeps to find).
# Two packages rather than one, as Debian splits -dev files out: the tools alone need six shared
# libraries, while the -dev files need Xapian's, ICU's, gumbo's and zlib's headers, which a machine that
# only indexes and searches should not have to install.
#
# Included last by CMakeLists.txt, once every install() rule is known: every install component but dev
# (the tools' default component, Unspecified, and any other, such as the Python module's) goes into
# the package fahras, so a component added later is packaged without being listed here.

set(FAHRAS_PACKAGE_MAINTAINER "Fahras maintainers <maintainers@fahras.invalid>"
    CACHE STRING "The Maintainer field of the Debian packages: Name <email>")

# Debian wants a copyright file in /usr/share/doc/<package>/ of every package.
install(FILES docs/debian/copyright README.md DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/fahras)
install(FILES docs/debian/copyright DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/fahras-dev COMPONENT dev)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME fahras)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${FAHRAS_PACKAGE_MAINTAINER})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)  # the tools: their debug information would be most of the package
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # fahras_0.1.0-1_amd64.deb, as Debian names them
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ONE_PER_GROUP)
get_cmake_property(fahras_components COMPONENTS)
foreach(fahras_component IN LISTS fahras_components)
  string(TOUPPER ${fahras_component} fahras_upper)
  if(fahras_component STREQUAL "dev")
    set(CPACK_COMPONENT_${fahras_upper}_GROUP dev)
  else()
    set(CPACK_COMPONENT_${fahras_upper}_GROUP tools)
  endif()
endforeach()
unset(fahras_components)
unset(fahras_component)
unset(fahras_upper)

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME fahras)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION text)
set(CPACK_DEBIAN_TOOLS_DESCRIPTION "full-text search for Arabic news
fahras-index indexes folders of articles (TREC/CLEF SGML, JSON, JSON
Lines, HTML, plain text, gzip) into a Xapian database; fahras-search
answers ranked queries with highlighted snippets in the articles' own
spelling, in text, JSON Lines, TREC and TSV, or as a search page and a
JSON API over HTTP. A search for الانتخابات finds انتخابات, والانتخابات
and الإنتخابات alike.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME fahras-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_SHLIBDEPS OFF)
# Description lines are wrapped below 80 columns, as dpkg and lintian want them.
# What find_package(Fahras) and `pkg-config fahras` ask for (cmake/FahrasConfig.cmake.in, fahras.pc.in).
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libxapian-dev (>= 1.4), libicu-dev (>= 72), libgumbo-dev, zlib1g-dev, pkgconf | pkg-config")
# Only COMPONENTS printer and server need nlohmann-json.
set(CPACK_DEBIAN_DEV_PACKAGE_SUGGESTS "nlohmann-json3-dev (>= 3.10), cmake")
set(CPACK_DEBIAN_DEV_DESCRIPTION "full-text search for Arabic news: static libraries and headers
The indexer and search libraries of Fahras (Fahras::indexer,
Fahras::searcher), and the optional printer and server components of
fahras-search, with their headers, a CMake package for
find_package(Fahras) and pkg-config files (fahras, fahras-printer).")

include(CPack)
