#include <limits.h>
#include <string.h>
#include <zlib.h>
#include "CZlib.h"

int whereabouts_inflate_raw(const unsigned char *input, size_t input_length, unsigned char *output,
                            size_t output_length) {
    if (input_length > UINT_MAX || output_length > UINT_MAX) return -1;
    z_stream stream;
    memset(&stream, 0, sizeof(stream));
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) return -1;
    unsigned char spare = 0;
    stream.next_in = (unsigned char *)input;
    stream.avail_in = (uInt)input_length;
    /* An entry stated empty still gets a byte of room, to see whether its data wants more. */
    stream.next_out = output_length > 0 ? output : &spare;
    stream.avail_out = output_length > 0 ? (uInt)output_length : 1;
    int outcome = inflate(&stream, Z_FINISH);
    uLong produced = stream.total_out;
    inflateEnd(&stream);
    if (outcome == Z_STREAM_END) return produced == output_length ? 0 : -2;
    if (outcome == Z_BUF_ERROR && stream.avail_out == 0) return -2;
    return -1;
}
