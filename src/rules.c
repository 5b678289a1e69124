/* rules.c — under construction */
typedef int gw_rules_placeholder;
