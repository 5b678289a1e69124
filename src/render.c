/* render.c — under construction */
typedef int gw_render_placeholder;
