# JSON Web Tokens (RFC 7519): the server verifies them (JwtVerifier), the simulator mints them
# (JwtMinter), both through libjwt (Debian's libjwt-dev, on OpenSSL). Parsing and signatures are
# libjwt's; the checks RFC 7519 leaves to the application (algorithm, exp, nbf, sub) are ours.
find_path(JWT_INCLUDE_DIRS jwt.h)
find_library(JWT_LIBRARIES jwt)
if(NOT JWT_INCLUDE_DIRS OR NOT JWT_LIBRARIES)
    message(FATAL_ERROR "libjwt was not found: install libjwt-dev (scripts/install-deps does)")
endif()
target_sources(socketscope_core PRIVATE
    auth/jwtkey.cpp auth/jwtkey.h
    auth/jwtminter.cpp auth/jwtminter.h
    auth/jwtverifier.cpp auth/jwtverifier.h
)
target_include_directories(socketscope_core SYSTEM PRIVATE ${JWT_INCLUDE_DIRS})
target_link_libraries(socketscope_core PRIVATE ${JWT_LIBRARIES})
