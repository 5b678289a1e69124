/* source.c — under construction */
typedef int gw_source_placeholder;
