/*
 * floor.c — the start-up floor for `make bench`: a program that does
 * nothing, linked (without --as-needed) against the four libraries the
 * brief names for gongwen (libxml2, libzip, PCRE2, cmark) as the
 * distribution ships them.  Its run time is what loading and relocating
 * those libraries costs before any of gongwen's own code runs; a whole
 * `gongwen render` process cannot take less.
 */
int main(void)
{
    return 0;
}
