/* skb.c: sk_buff geometry helpers; see skb.h. */
#include "skb.h"

#include <string.h>

bool skb_reserve(struct sk_buff *skb, uint16_t n)
{
	if (skb->len || (uint32_t)skb->data + n > skb->end)
		return false;
	skb->data += n;
	skb->tail += n;
	return true;
}

bool skb_put(struct sk_buff *skb, uint16_t n, uint8_t **out)
{
	if ((uint32_t)skb->tail + n > skb->end)
		return false;
	if (out)
		*out = skb->buf + skb->tail;
	skb->tail += n;
	skb->len += n;
	return true;
}

bool skb_push(struct sk_buff *skb, uint16_t n)
{
	if (n > skb->data)
		return false;
	skb->data -= n;
	skb->len += n;
	return true;
}

bool skb_pull(struct sk_buff *skb, uint16_t n)
{
	if (n > skb->len)
		return false;
	skb->data += n;
	skb->len -= n;
	return true;
}

bool skb_trim(struct sk_buff *skb, uint32_t len)
{
	if (len > skb->len)
		return false;
	skb->tail = (uint16_t)(skb->data + len);
	skb->len = len;
	return true;
}

uint32_t skb_truesize(uint32_t bufsize)
{
	return bufsize + SKB_STRUCT_SIZE;
}
