/*
 * Prints the UTS #39 confusable mappings and the script names, as ICU has them:
 *   map <hex code point> <hex code points of its prototype>   (one line per NFD-stable code point that maps)
 *   script <short name>
 *   unicode <version>
 * Built and run by scripts/confusables/generate.mjs; needs ICU's headers (Debian: libicu-dev).
 */
#include <stdio.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>

int main(void) {
  UErrorCode status = U_ZERO_ERROR;
  USpoofChecker *checker = uspoof_open(&status);
  const UNormalizer2 *nfd = unorm2_getNFDInstance(&status);
  if (U_FAILURE(status)) {
    fprintf(stderr, "ICU: %s\n", u_errorName(status));
    return 1;
  }
  UVersionInfo version;
  u_getUnicodeVersion(version);
  printf("unicode %d.%d.%d\n", version[0], version[1], version[2]);
  for (UChar32 cp = 0; cp <= 0x10FFFF; cp++) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    UChar text[4], decomposed[64], skeleton[64];
    int32_t length = 0;
    U16_APPEND_UNSAFE(text, length, cp);
    status = U_ZERO_ERROR;
    int32_t nfdLength = unorm2_normalize(nfd, text, length, decomposed, 64, &status);
    if (U_FAILURE(status)) return 1;
    /* Only code points NFD leaves alone can be met after the skeleton's first NFD. */
    if (nfdLength != length || u_strncmp(decomposed, text, length) != 0) continue;
    status = U_ZERO_ERROR;
    int32_t skeletonLength = uspoof_getSkeleton(checker, 0, text, length, skeleton, 64, &status);
    if (U_FAILURE(status)) return 1;
    if (skeletonLength == length && u_strncmp(skeleton, text, length) == 0) continue;
    printf("map %X", cp);
    for (int32_t i = 0; i < skeletonLength;) {
      UChar32 out;
      U16_NEXT(skeleton, i, skeletonLength, out);
      printf(" %X", out);
    }
    printf("\n");
  }
  for (int32_t code = 0; code < USCRIPT_CODE_LIMIT; code++) {
    const char *name = uscript_getShortName((UScriptCode)code);
    if (name) printf("script %s\n", name);
  }
  uspoof_close(checker);
  return 0;
}
