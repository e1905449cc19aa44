# Every dependency is a Debian 12 package; scripts/install-deps installs them.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(CURL REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(date REQUIRED)                        # libhowardhinnant-date-dev: date::date, date::date-tz
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx>=6.4)
# Debian builds cpp-httplib as a shared library with OpenSSL/zlib/brotli on;
# its Cflags carry those defines, which change class layouts, so they must be used.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib>=0.11)
# pugixml: the carriers' XML payloads (UPS XML, FedEx SOAP, USPS Web Tools).
# A small, well-kept DOM parser; writing our own XML parser would be a liability.
pkg_check_modules(PUGIXML REQUIRED IMPORTED_TARGET pugixml)
# jemalloc: the allocator of the `forewarn` binary (not of the sanitizer build,
# where ASan owns malloc). cpp-httplib runs a thread per keep-alive connection
# (128 by default); under glibc's malloc those threads share a few arenas and
# the checkout spent a quarter of its time in malloc/free and arena
# consolidation. jemalloc's per-thread caches cut that: bench/promises.sh went
# from ~4,100 to ~7,000 req/s on the 2-core machine (LD_PRELOAD experiment).
pkg_check_modules(JEMALLOC IMPORTED_TARGET jemalloc)
# mstch (libmstch-dev): Mustache for the shopper message templates. Debian
# ships a static libmstch.a with a CMake package config (mstch::mstch, no
# include directory: /usr/include/mstch); its nodes are boost::variant, so
# the Boost headers (libboost-dev, a dependency of libmstch-dev) are needed.
# Why Mustache: service/core/messages/templates/engine.hpp.
find_package(mstch 1.0 CONFIG REQUIRED)
