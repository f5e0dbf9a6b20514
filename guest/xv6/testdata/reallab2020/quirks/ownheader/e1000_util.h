// my helpers
#define NEXT_TX(i) (((i) + 1) % TX_RING_SIZE)
