/*
 * nicsim stand-in for JOS inc/ns.h: the IPC protocol of the network
 * server. Every request travels in one page holding a union Nsipc; the
 * input and output environments exchange frames as a struct jif_pkt at
 * the start of that page.
 */
#ifndef JOS_INC_NS_H
#define JOS_INC_NS_H

#include <inc/types.h>
#include <inc/mmu.h>
#include <lwip/sockets.h>

/* A frame: its length, then its bytes. */
struct jif_pkt {
  int jp_len;
  char jp_data[0];
};

/* Request numbers: the value of the IPC. */
enum {
  NSREQ_ACCEPT = 1,
  NSREQ_BIND,
  NSREQ_SHUTDOWN,
  NSREQ_CLOSE,
  NSREQ_CONNECT,
  NSREQ_LISTEN,
  NSREQ_RECV,
  NSREQ_SEND,
  NSREQ_SOCKET,

  /* The following two opcodes are for the input and output environments. */
  NSREQ_INPUT,  /* input env -> core server: a received frame */
  NSREQ_OUTPUT, /* core server -> output env: a frame to transmit */

  /* The timer environment wakes the core server. */
  NSREQ_TIMER,
};

union Nsipc {
  struct Nsreq_accept {
    int req_s;
    socklen_t req_addrlen;
  } accept;

  struct Nsret_accept {
    struct sockaddr ret_addr;
    socklen_t ret_addrlen;
  } acceptRet;

  struct Nsreq_bind {
    int req_s;
    struct sockaddr req_name;
    socklen_t req_namelen;
  } bind;

  struct Nsreq_shutdown {
    int req_s;
    int req_how;
  } shutdown;

  struct Nsreq_close {
    int req_s;
  } close;

  struct Nsreq_connect {
    int req_s;
    struct sockaddr req_name;
    socklen_t req_namelen;
  } connect;

  struct Nsreq_listen {
    int req_s;
    int req_backlog;
  } listen;

  struct Nsreq_recv {
    int req_s;
    int req_len;
    unsigned req_flags;
  } recv;

  struct Nsret_recv {
    int ret_r;
    char ret_buf[0];
  } recvRet;

  struct Nsreq_send {
    int req_s;
    int req_size;
    unsigned req_flags;
    char req_buf[0];
  } send;

  struct Nsreq_socket {
    int req_domain;
    int req_type;
    int req_protocol;
  } socket;

  struct jif_pkt pkt;

  /* Ensure Nsipc is one page */
  char _pad[PGSIZE];
};

#endif /* !JOS_INC_NS_H */
