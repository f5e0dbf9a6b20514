/*
 * nicsim stand-in for the skeleton's kern/e1000.h: an empty include guard.
 * The student writes the register offsets, descriptor structs and
 * prototypes; their own kern/e1000.h takes the place of this one.
 */
#ifndef JOS_KERN_E1000_H
#define JOS_KERN_E1000_H

#endif /* !JOS_KERN_E1000_H */
