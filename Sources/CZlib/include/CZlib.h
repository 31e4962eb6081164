#ifndef C_ZLIB_INFLATE_H
#define C_ZLIB_INFLATE_H

#include <stddef.h>

/// Inflates raw DEFLATE data (a ZIP entry of method 8) of `input_length` bytes into `output`, which
/// holds `output_length` bytes: the size the ZIP directory states. Returns 0 when the data ended
/// exactly filling `output`, -1 when it is not valid DEFLATE data, -2 when it inflates to more or
/// fewer bytes than stated.
int whereabouts_inflate_raw(const unsigned char *input, size_t input_length, unsigned char *output,
                            size_t output_length);

#endif
