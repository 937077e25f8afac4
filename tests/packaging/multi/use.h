#ifndef COG_PACKAGING_USE_H
#define COG_PACKAGING_USE_H
#ifdef __cplusplus
extern "C" {
#endif
int use_a(void);
int use_b(void);
#ifdef __cplusplus
}
#endif
#endif
