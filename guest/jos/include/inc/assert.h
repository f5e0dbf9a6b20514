/*
 * nicsim stand-in for JOS inc/assert.h. panic prints the file and line
 * and never returns (the kernel drops into the monitor; a user
 * environment exits). static_assert is JOS's statement form: it works
 * only inside a function, where a false condition gives a duplicate case
 * label at compile time.
 */
#ifndef JOS_INC_ASSERT_H
#define JOS_INC_ASSERT_H

#include <inc/stdio.h>

void _warn(const char *file, int line, const char *fmt, ...);
void _panic(const char *file, int line, const char *fmt, ...)
    __attribute__((noreturn));

#define warn(...) _warn(__FILE__, __LINE__, __VA_ARGS__)
#define panic(...) _panic(__FILE__, __LINE__, __VA_ARGS__)

#define assert(x)                                                              \
  do {                                                                         \
    if (!(x))                                                                  \
      panic("assertion failed: %s", #x);                                       \
  } while (0)

#define static_assert(x)                                                       \
  switch (x)                                                                   \
  case 0:                                                                      \
  case (x):

#endif /* !JOS_INC_ASSERT_H */
