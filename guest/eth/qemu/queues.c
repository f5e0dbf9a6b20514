/*
 * queues.c: the eth kernel's queues (queues.h) from static pools: QUEUES queues
 * and QNODES nodes shared by all of them. Not safe against interrupts by itself:
 * the caller masks what shares a queue, as in the kernel this API comes from.
 */
#include <common.h>
#include <queues.h>

#define QUEUES 16
#define QNODES 256

struct qnode {
	struct qnode *next;
	void *data;
	uint32_t key;
};

struct queue {
	struct qnode *head, *tail;
	uint_t length;
	int (*compare)(const void *, const void *);
	bool used;
};

static struct queue queues[QUEUES];
static struct qnode nodes[QNODES];
static struct qnode *free_nodes;
static bool pool_ready;

static void pool_init(void)
{
	for (int i = 0; i < QNODES; i++) {
		nodes[i].next = free_nodes;
		free_nodes = &nodes[i];
	}
	pool_ready = true;
}

queue_t _que_alloc(int (*compare)(const void *, const void *))
{
	if (!pool_ready)
		pool_init();
	for (int i = 0; i < QUEUES; i++) {
		if (!queues[i].used) {
			queues[i] = (struct queue){NULL, NULL, 0, compare, true};
			return &queues[i];
		}
	}
	return NULL;
}

status_t _que_enque(queue_t q, void *data, uint32_t key)
{
	if (q == NULL || !q->used)
		return E_BAD_PARAM;
	struct qnode *n = free_nodes;
	if (n == NULL)
		return E_NO_QNODES;
	free_nodes = n->next;
	*n = (struct qnode){NULL, data, key};
	struct qnode **at = &q->head;
	if (q->compare != NULL) {
		while (*at != NULL && q->compare(&key, &(*at)->key) >= 0)
			at = &(*at)->next;
	} else if (q->tail != NULL) {
		at = &q->tail->next;
	}
	n->next = *at;
	*at = n;
	if (n->next == NULL)
		q->tail = n;
	q->length++;
	return SUCCESS;
}

void *_que_deque(queue_t q)
{
	if (q == NULL || q->head == NULL)
		return NULL;
	struct qnode *n = q->head;
	q->head = n->next;
	if (q->head == NULL)
		q->tail = NULL;
	q->length--;
	void *data = n->data;
	n->next = free_nodes;
	free_nodes = n;
	return data;
}

uint_t _que_length(queue_t q) { return q == NULL ? 0 : q->length; }
