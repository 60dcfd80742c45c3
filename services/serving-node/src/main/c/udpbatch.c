/*
 * Batched UDP for the serving node's DNS engine: recvmmsg/sendmmsg over buffers the JVM owns.
 *
 * Java 17 has one system call per datagram (DatagramChannel.receive/send), and under load the
 * syscall entry and the JDK's per-call bookkeeping cost more than answering a query. NSD and Knot
 * answer with recvmmsg/sendmmsg; this file gives the JVM the same: one call receives up to a batch
 * of queries into direct ByteBuffer slots, one call sends all their responses, each back to the
 * address it came from. Answering stays in Java (QueryProcessor); only the I/O is here.
 *
 * Layout shared with rootzone.node.dns.BatchedUdpSocket:
 *   in      batch slots of slot_in bytes, query i at i * slot_in
 *   out     batch slots of slot_out bytes, response i at i * slot_out
 *   lengths 2 * batch native-order ints: [i] = length of query i (-1: truncated, drop),
 *           [batch + i] = length of response i (0: no response)
 */
#define _GNU_SOURCE
#include <jni.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

typedef struct {
    int fd;
    int batch;
    int slot_in;
    int slot_out;
    unsigned char *in;
    unsigned char *out;
    jint *lengths;
    struct mmsghdr *rmsgs;
    struct iovec *riov;
    struct sockaddr_storage *addrs;
    struct mmsghdr *smsgs;
    struct iovec *siov;
} batch_t;

static void throw_io(JNIEnv *env, const char *what, int err) {
    char msg[256];
    snprintf(msg, sizeof msg, "%s: %s (errno %d)", what, strerror(err), err);
    jclass c = (*env)->FindClass(env, "java/io/IOException");
    if (c != NULL) {
        (*env)->ThrowNew(env, c, msg);
    }
}

JNIEXPORT jint JNICALL Java_rootzone_node_dns_NativeUdp_open(JNIEnv *env, jclass cls, jbyteArray address,
        jint port, jboolean reuse_port, jint rcvbuf, jint timeout_millis) {
    (void) cls;
    jsize alen = (*env)->GetArrayLength(env, address);
    struct sockaddr_storage ss;
    socklen_t sslen;
    memset(&ss, 0, sizeof ss);
    if (alen == 4) {
        struct sockaddr_in *sin = (struct sockaddr_in *) &ss;
        sin->sin_family = AF_INET;
        sin->sin_port = htons((uint16_t) port);
        (*env)->GetByteArrayRegion(env, address, 0, 4, (jbyte *) &sin->sin_addr);
        sslen = sizeof *sin;
    } else if (alen == 16) {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &ss;
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons((uint16_t) port);
        (*env)->GetByteArrayRegion(env, address, 0, 16, (jbyte *) &sin6->sin6_addr);
        sslen = sizeof *sin6;
    } else {
        throw_io(env, "address must have 4 or 16 bytes", EINVAL);
        return -1;
    }
    int fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        throw_io(env, "socket", errno);
        return -1;
    }
    int one = 1;
    struct timeval tv = { timeout_millis / 1000, (timeout_millis % 1000) * 1000 };
    if ((reuse_port && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0)
            || (rcvbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf) < 0)
            || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0) {
        int err = errno;
        close(fd);
        throw_io(env, "setsockopt", err);
        return -1;
    }
    if (bind(fd, (struct sockaddr *) &ss, sslen) < 0) {
        int err = errno;
        close(fd);
        throw_io(env, "bind", err);
        return -1;
    }
    return fd;
}

JNIEXPORT jint JNICALL Java_rootzone_node_dns_NativeUdp_localPort(JNIEnv *env, jclass cls, jint fd) {
    (void) cls;
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *) &ss, &len) < 0) {
        throw_io(env, "getsockname", errno);
        return -1;
    }
    return ss.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *) &ss)->sin6_port)
                                    : ntohs(((struct sockaddr_in *) &ss)->sin_port);
}

JNIEXPORT jlong JNICALL Java_rootzone_node_dns_NativeUdp_attach(JNIEnv *env, jclass cls, jint fd, jobject in,
        jint slot_in, jobject out, jint slot_out, jobject lengths, jint batch) {
    (void) cls;
    unsigned char *inp = (*env)->GetDirectBufferAddress(env, in);
    unsigned char *outp = (*env)->GetDirectBufferAddress(env, out);
    jint *lenp = (*env)->GetDirectBufferAddress(env, lengths);
    if (inp == NULL || outp == NULL || lenp == NULL || batch < 1
            || (*env)->GetDirectBufferCapacity(env, in) < (jlong) slot_in * batch
            || (*env)->GetDirectBufferCapacity(env, out) < (jlong) slot_out * batch
            || (*env)->GetDirectBufferCapacity(env, lengths) < (jlong) 8 * batch) {
        throw_io(env, "buffers must be direct and hold the batch", EINVAL);
        return 0;
    }
    batch_t *b = calloc(1, sizeof *b);
    if (b == NULL) {
        throw_io(env, "calloc", ENOMEM);
        return 0;
    }
    b->fd = fd;
    b->batch = batch;
    b->slot_in = slot_in;
    b->slot_out = slot_out;
    b->in = inp;
    b->out = outp;
    b->lengths = lenp;
    b->rmsgs = calloc(batch, sizeof *b->rmsgs);
    b->riov = calloc(batch, sizeof *b->riov);
    b->addrs = calloc(batch, sizeof *b->addrs);
    b->smsgs = calloc(batch, sizeof *b->smsgs);
    b->siov = calloc(batch, sizeof *b->siov);
    if (!b->rmsgs || !b->riov || !b->addrs || !b->smsgs || !b->siov) {
        free(b->rmsgs); free(b->riov); free(b->addrs); free(b->smsgs); free(b->siov); free(b);
        throw_io(env, "calloc", ENOMEM);
        return 0;
    }
    for (int i = 0; i < batch; i++) {
        b->riov[i].iov_base = b->in + (size_t) i * slot_in;
        b->riov[i].iov_len = slot_in;
    }
    return (jlong) (intptr_t) b;
}

/*
 * Blocks until at least one datagram arrives (or the receive timeout passes), then takes whatever
 * else is already queued, up to the batch. Returns the count, 0 on timeout or interruption.
 */
JNIEXPORT jint JNICALL Java_rootzone_node_dns_NativeUdp_receive(JNIEnv *env, jclass cls, jlong handle) {
    (void) cls;
    batch_t *b = (batch_t *) (intptr_t) handle;
    for (int i = 0; i < b->batch; i++) {
        struct msghdr *h = &b->rmsgs[i].msg_hdr;
        h->msg_name = &b->addrs[i];
        h->msg_namelen = sizeof b->addrs[i];
        h->msg_iov = &b->riov[i];
        h->msg_iovlen = 1;
        h->msg_control = NULL;
        h->msg_controllen = 0;
        h->msg_flags = 0;
    }
    int n = recvmmsg(b->fd, b->rmsgs, b->batch, MSG_WAITFORONE, NULL);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
            return 0;
        }
        throw_io(env, "recvmmsg", errno);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        b->lengths[i] = (b->rmsgs[i].msg_hdr.msg_flags & MSG_TRUNC) ? -1 : (jint) b->rmsgs[i].msg_len;
    }
    return n;
}

/*
 * Sends response i (length at lengths[batch + i], 0 = none) to the sender of query i, for i < count.
 * A datagram the kernel refuses is skipped so that one bad address cannot hold back the others.
 * Returns how many were sent.
 */
JNIEXPORT jint JNICALL Java_rootzone_node_dns_NativeUdp_send(JNIEnv *env, jclass cls, jlong handle, jint count) {
    (void) env;
    (void) cls;
    batch_t *b = (batch_t *) (intptr_t) handle;
    int k = 0;
    for (int i = 0; i < count && i < b->batch; i++) {
        jint len = b->lengths[b->batch + i];
        if (len <= 0 || len > b->slot_out) {
            continue;
        }
        b->siov[k].iov_base = b->out + (size_t) i * b->slot_out;
        b->siov[k].iov_len = (size_t) len;
        struct msghdr *h = &b->smsgs[k].msg_hdr;
        h->msg_name = &b->addrs[i];
        h->msg_namelen = b->rmsgs[i].msg_hdr.msg_namelen;
        h->msg_iov = &b->siov[k];
        h->msg_iovlen = 1;
        h->msg_control = NULL;
        h->msg_controllen = 0;
        h->msg_flags = 0;
        k++;
    }
    int sent = 0;
    int off = 0;
    while (off < k) {
        int r = sendmmsg(b->fd, b->smsgs + off, k - off, 0);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            off++; /* this datagram failed: drop it, send the rest */
        } else {
            off += r;
            sent += r;
        }
    }
    return sent;
}

JNIEXPORT void JNICALL Java_rootzone_node_dns_NativeUdp_detach(JNIEnv *env, jclass cls, jlong handle) {
    (void) env;
    (void) cls;
    batch_t *b = (batch_t *) (intptr_t) handle;
    if (b != NULL) {
        free(b->rmsgs); free(b->riov); free(b->addrs); free(b->smsgs); free(b->siov); free(b);
    }
}

/* Wakes a receiver blocked in recvmmsg (Linux wakes readers of a UDP socket on shutdown). */
JNIEXPORT void JNICALL Java_rootzone_node_dns_NativeUdp_shutdown(JNIEnv *env, jclass cls, jint fd) {
    (void) env;
    (void) cls;
    shutdown(fd, SHUT_RDWR);
}

JNIEXPORT void JNICALL Java_rootzone_node_dns_NativeUdp_close(JNIEnv *env, jclass cls, jint fd) {
    (void) env;
    (void) cls;
    close(fd);
}
