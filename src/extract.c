/* extract.c — under construction */
typedef int gw_extract_placeholder;
