// OpenSSL's libcrypto: file checksums through its SHA-256, which uses the CPU's SHA
// instructions where there are some (several times faster than a portable implementation).
#include <openssl/evp.h>
