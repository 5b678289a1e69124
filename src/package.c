/* package.c — under construction */
typedef int gw_package_placeholder;
