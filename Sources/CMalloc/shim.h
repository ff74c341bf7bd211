// glibc's allocator tuning (mallopt), not in Swift's Glibc module.
#include <malloc.h>
