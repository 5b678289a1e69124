/* model.c — under construction */
typedef int gw_model_placeholder;
