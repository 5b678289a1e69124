/* export.c — under construction */
typedef int gw_export_placeholder;
