/* batch.c — under construction */
typedef int gw_batch_placeholder;
