/* batch.c: batch output; see batch.h. */
#include "batch.h"

#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "ip_tables.h"
#include "pkt.h"
#include "stages.h"
#include "summary.h"

void batch_init(struct batch *b, FILE *out)
{
	memset(b, 0, sizeof(*b));
	b->out = out;
	b->format = FMT_TEXT;
	b->trace = TRACE_FATES;
	json_init(&b->j);
	tap_io_init(&b->taps, out);
	b->tool_out = open_memstream(&b->tool_buf, &b->tool_len);
}

void batch_flush_output(struct batch *b)
{
	if (!b->tool_out)
		return;
	fflush(b->tool_out);
	if (!b->tool_len)
		return;
	/* after a rewind the buffer still holds older, longer text past the
	 * position: the record ends at the position */
	b->tool_buf[b->tool_len] = 0;
	json_obj_open(&b->j);
	json_str(&b->j, "type", "output");
	json_str(&b->j, "text", b->tool_buf);
	json_obj_close(&b->j);
	json_flush_line(&b->j, b->out);
	rewind(b->tool_out);
	b->tool_len = 0;
	b->tool_buf[0] = 0;
}

bool batch_add_write(struct batch *b, const char *arg, char *err, size_t n)
{
	const char *c = strchr(arg, ':');

	if (!c || c == arg || !c[1] || (size_t)(c - arg) >= sizeof(b->w[0].dev)) {
		snprintf(err, n, "-w wants DEV:FILE, got '%s'", arg);
		return false;
	}
	if (b->nwrites >= BATCH_MAX_WRITES) {
		snprintf(err, n, "at most %d -w options", BATCH_MAX_WRITES);
		return false;
	}
	memcpy(b->w[b->nwrites].dev, arg, (size_t)(c - arg));
	b->w[b->nwrites].dev[c - arg] = 0;
	snprintf(b->w[b->nwrites].path, sizeof(b->w[0].path), "%s", c + 1);
	b->nwrites++;
	return true;
}

bool batch_check_writes(const struct batch *b, const struct world *w,
			char *err, size_t n)
{
	for (int i = 0; i < b->nwrites; i++)
		if (!dev_by_name(w, b->w[i].dev)) {
			snprintf(err, n, "-w %s: no device named '%s'", b->w[i].path,
				 b->w[i].dev);
			return false;
		}
	return true;
}

bool batch_open_writes(struct batch *b, char *err, size_t n)
{
	for (int i = 0; i < b->nwrites; i++) {
		pcap_t *p;

		p = pcap_open_dead(DLT_EN10MB, 65535);
		b->w[i].pcap = p;
		b->w[i].dumper = p ? pcap_dump_open(p, b->w[i].path) : NULL;
		if (!b->w[i].dumper) {
			snprintf(err, n, "-w %s: %s", b->w[i].path,
				 p ? pcap_geterr(p) : "cannot open");
			return false;
		}
	}
	return true;
}

static void write_frames(struct batch *b, const struct world *w,
			 const struct step *s)
{
	const struct sk_buff *skb;
	struct pcap_pkthdr hdr;

	if (s->stage != ST_igb_xmit_frame || !s->after.handle)
		return;
	skb = &w->skb[s->after.handle - 1];
	for (int i = 0; i < b->nwrites; i++) {
		if (!b->w[i].dumper || strcmp(b->w[i].dev, w->dev[skb->dev].name))
			continue;
		hdr.ts.tv_sec = (time_t)(s->t_ns / 1000000000u);
		hdr.ts.tv_usec = (suseconds_t)(s->t_ns % 1000000000u / 1000);
		hdr.caplen = hdr.len = skb->len;
		pcap_dump(b->w[i].dumper, &hdr, skb->buf + skb->data);
	}
}

static const char *origin_name(int o)
{
	return o == ORIGIN_WIRE ? "wire" : o == ORIGIN_SOCKET ? "socket" : "kernel";
}

/* A literal piece of a fate record, its length known at compile time. */
#define LIT(j, s) json_raw(j, s, sizeof(s) - 1)

/* "key":"string" or "key":null, the key and its comma preformatted. */
static void str_or_null(struct json *j, const char *k, size_t kn,
			const char *v)
{
	json_raw(j, k, kn);
	if (v)
		json_raw_str(j, v);
	else
		LIT(j, "null");
}
#define STR_OR_NULL(j, k, v) str_or_null(j, k, sizeof(k) - 1, v)

static void fate_hooks_json(struct json *j, const struct world *w,
			    const struct fate_rec *f)
{
	LIT(j, ",\"hooks\":[");
	for (int i = 0; i < f->nhooks; i++) {
		const struct nf_trail *t = &f->hooks[i];

		if (i)
			LIT(j, ",");
		LIT(j, "{\"hook\":");
		json_raw_name(j, nf_hook_name((enum nf_hook_id)t->hook));
		LIT(j, ",\"table\":");
		json_raw_name(j, ipt_table_name((enum ipt_table)t->table));
		LIT(j, ",\"chain\":");
		json_raw_str(j, w->ipt_chain[t->chain].name);
		LIT(j, ",\"rule\":");
		json_raw_u64(j, t->rule);
		LIT(j, ",\"verdict\":");
		json_raw_name(j, nf_verdict_name((enum nf_verdict)t->verdict));
		LIT(j, "}");
	}
	LIT(j, "]");
}

/* One line per packet: laid out from preformatted pieces rather than key
 * by key (json_str and friends), as it is the batch replay's hot path.
 * Byte for byte what the keyed writer made. */
static void fate_json(struct batch *b, const struct world *w,
		      const struct fate_rec *f)
{
	struct json *j = &b->j;
	char sum[160];

	json_obj_open(j);
	LIT(j, "\"type\":\"fate\",\"pkt\":");
	json_raw_u64(j, f->pkt);
	LIT(j, ",\"origin\":");
	json_raw_name(j, origin_name(f->origin));
	LIT(j, ",\"cause\":");
	if (f->cause)
		json_raw_u64(j, f->cause);
	else
		LIT(j, "null");
	STR_OR_NULL(j, ",\"dev\":", f->dev ? w->dev[f->dev].name : NULL);
	LIT(j, ",\"fate\":");
	json_raw_name(j, fate_name((enum fate)f->fate));
	LIT(j, ",\"func\":");
	json_raw_name(j, stage_info((enum stage)f->stage)->func);
	LIT(j, ",\"reason\":");
	if (f->fate == FATE_DROPPED)
		json_raw_name(j, drop_reason_name(f->reason ? (enum drop_reason)
						  f->reason : DROP_NOT_SPECIFIED));
	else
		LIT(j, "null");
	STR_OR_NULL(j, ",\"socket\":", f->sock ? w->sock[f->sock - 1].name :
		    NULL);
	STR_OR_NULL(j, ",\"out_dev\":", f->out_dev ?
		    w->dev[f->out_dev].name : NULL);
	fate_hooks_json(j, w, f);
	LIT(j, ",\"steps\":");
	json_raw_u64(j, f->steps);
	LIT(j, ",\"summary\":");
	json_raw_str(j, fate_summary(f, sum, sizeof(sum)));
	json_obj_close(j);
	json_flush_line(j, b->out);
}

static void fate_text(struct batch *b, const struct world *w,
		      const struct fate_rec *f)
{
	char sum[160];

	fprintf(b->out, "#%u %s%s%s %s %s", f->pkt, origin_name(f->origin),
		f->dev ? " " : "", f->dev ? w->dev[f->dev].name : "",
		fate_name((enum fate)f->fate),
		stage_info((enum stage)f->stage)->func);
	if (f->fate == FATE_DROPPED)
		fprintf(b->out, " %s", drop_reason_name(f->reason ?
			(enum drop_reason)f->reason : DROP_NOT_SPECIFIED));
	if (f->sock)
		fprintf(b->out, " socket %s", w->sock[f->sock - 1].name);
	if (f->out_dev)
		fprintf(b->out, " out %s", w->dev[f->out_dev].name);
	if (f->cause)
		fprintf(b->out, " (made for #%u)", f->cause);
	fprintf(b->out, ": %s\n", fate_summary(f, sum, sizeof(sum)));
}

static void step_json(struct batch *b, const struct world *w,
		      const struct step *s)
{
	struct json *j = &b->j;
	const struct stage_info *si = stage_info((enum stage)s->stage);
	char note[256];

	json_obj_open(j);
	json_str(j, "type", "step");
	json_u64(j, "step", s->no);
	json_u64(j, "t_ns", s->t_ns);
	if (s->pkt)
		json_u64(j, "pkt", s->pkt);
	else
		json_null(j, "pkt");
	json_str(j, "func", si->func);
	json_str(j, "file", si->file);
	json_str(j, "ctx", ctx_name((enum ctx)s->ctx));
	json_arr_open(j, "stack");
	for (int i = 0; i < s->depth; i++)
		json_str(j, NULL, stage_info((enum stage)s->stack[i])->func);
	json_str(j, NULL, si->func);
	json_arr_close(j);
	if (s->hook) {
		json_str(j, "hook", nf_hook_name((enum nf_hook_id)s->hook));
		if (s->nf_table) {
			json_str(j, "table", ipt_table_name((enum ipt_table)
							    (s->nf_table - 1)));
			json_str(j, "chain", w->ipt_chain[s->nf_chain].name);
		}
		if (s->stage != ST_nf_hook_slow)
			json_i64(j, "rule", s->rule);
		if (s->verdict)
			json_str(j, "verdict",
				 nf_verdict_name((enum nf_verdict)s->verdict));
	}
	if (s->has_route) {
		json_str(j, "route", s->route_err ? "error" :
			 rtn_type_name(s->route_type));
		if (s->route_table) {
			char a[16], p[24];

			json_u64(j, "route_table", s->route_table);
			json_u64(j, "route_rule", s->route_rule);
			snprintf(p, sizeof(p), "%s/%u", ip_fmt(s->route_dst, a),
				 s->route_plen & 63u);
			json_str(j, "route_prefix", p);
		}
	}
	if (s->reason)
		json_str(j, "reason", drop_reason_name((enum drop_reason)s->reason));
	if (s->has_sys_ret)
		json_i64(j, "ret", s->sys_ret);
	if (s->ndeltas) {
		json_key_obj(j, "counters");
		for (int i = 0; i < s->ndeltas; i++) {
			char name[64];

			step_delta_name(w, &s->deltas[i], name, sizeof(name));
			json_u64(j, name, s->deltas[i].delta);
		}
		json_obj_close(j);
	}
	if (s->note)
		json_str(j, "note", step_note_format(s, note, sizeof(note)));
	json_obj_close(j);
	json_flush_line(j, b->out);
}

static void step_text(struct batch *b, const struct world *w,
		      const struct step *s)
{
	char note[256];

	fprintf(b->out, "%8llu.%03llu us %-9s %*s%s", (unsigned long long)(s->t_ns / 1000),
		(unsigned long long)(s->t_ns % 1000), ctx_name((enum ctx)s->ctx),
		s->depth > 20 ? 20 : s->depth, "",
		stage_info((enum stage)s->stage)->func);
	if (s->pkt)
		fprintf(b->out, " [#%u]", s->pkt);
	if (s->note)
		fprintf(b->out, ": %s", step_note_format(s, note, sizeof(note)));
	for (int i = 0; i < s->ndeltas; i++) {
		char name[64];

		fprintf(b->out, "%s%s+%u", i ? " " : "  {",
			step_delta_name(w, &s->deltas[i], name, sizeof(name)),
			s->deltas[i].delta);
	}
	fprintf(b->out, "%s\n", s->ndeltas ? "}" : "");
}

bool batch_lean(const struct batch *b)
{
	return b->trace != TRACE_STEPS && !b->nwrites;
}

/* Most steps of a replay decide no fate: with nothing else to print or
 * write for them (no tap ever, no --trace steps, no -w, no tool output
 * waiting), batch_step only moves the taps' step mark as tap_io_step
 * would. */
static bool step_is_silent(const struct batch *b, const struct world *w,
			   const struct step *s)
{
	return !s->has_fate && !w->tap_seq && b->trace != TRACE_STEPS &&
	       !b->nwrites && !(b->format == FMT_JSON && b->tool_len);
}

/* Out of line, so that a silent step costs batch_step no stack frame. */
__attribute__((noinline))
static void batch_emit(struct batch *b, const struct world *w,
		       const struct step *s)
{
	if (b->format == FMT_JSON && b->tool_len)
		batch_flush_output(b);

	if (b->nwrites)
		write_frames(b, w, s);
	/* a tap sees the packet in this step: its line comes before the
	 * step's own output and its fate */
	b->taps.text = b->format == FMT_JSON ? b->tool_out : b->out;
	if (tap_io_step(&b->taps, w, s) && b->format == FMT_JSON)
		batch_flush_output(b);
	if (b->trace == TRACE_STEPS) {
		if (b->format == FMT_JSON)
			step_json(b, w, s);
		else
			step_text(b, w, s);
	}
	if (s->has_fate && b->trace != TRACE_NONE) {
		if (b->format == FMT_JSON)
			fate_json(b, w, &s->fate);
		else
			fate_text(b, w, &s->fate);
	}
}

void batch_step(void *arg, const struct world *w, const struct step *s)
{
	struct batch *b = arg;

	if (!step_is_silent(b, w, s))
		batch_emit(b, w, s);
	else if (s->no > b->taps.hwm)
		b->taps.hwm = s->no;
}

static void ipt_counter_json(struct json *j, const struct world *w, int c,
			     uint32_t rule, uint64_t pkts, uint64_t bytes)
{
	json_obj_open(j);
	json_str(j, "table", ipt_table_name((enum ipt_table)w->ipt_chain[c].table));
	json_str(j, "chain", w->ipt_chain[c].name);
	json_u64(j, "rule", rule);
	json_u64(j, "pkts", pkts);
	json_u64(j, "bytes", bytes);
	json_obj_close(j);
}

/* Each rule of a hooked table's chain, and a built-in chain's policy as
 * rule 0 (iptables-save -c's counters). */
static void iptables_chain_json(struct json *j, const struct world *w, int c)
{
	const struct ipt_chain *ch = &w->ipt_chain[c];
	uint32_t n = 1;

	if (!ch->used || !w->ipt_registered[ch->table])
		return;
	if (ch->hook)
		ipt_counter_json(j, w, c, 0, ch->pkts, ch->bytes);
	for (uint32_t h = ch->head; h; h = w->ipt_rule[h - 1].next, n++)
		ipt_counter_json(j, w, c, n, w->ipt_rule[h - 1].pkts,
				 w->ipt_rule[h - 1].bytes);
}

static void counters_json(struct batch *b, const struct world *w)
{
	struct json *j = &b->j;

	json_obj_open(j);
	json_str(j, "type", "counters");
	json_key_obj(j, "nstat");
	for (int i = 0; i < CTR__COUNT; i++)
		json_u64(j, snmp_counter_name((enum snmp_counter)i), w->snmp[i]);
	for (int t = 0; t < 256; t++) {
		char name[32];

		if (w->icmpmsg_in[t]) {
			snprintf(name, sizeof(name), "IcmpMsgInType%d", t);
			json_u64(j, name, w->icmpmsg_in[t]);
		}
		if (w->icmpmsg_out[t]) {
			snprintf(name, sizeof(name), "IcmpMsgOutType%d", t);
			json_u64(j, name, w->icmpmsg_out[t]);
		}
	}
	json_obj_close(j);
	json_key_obj(j, "dev");
	for (int i = 1; i < MAX_DEV; i++) {
		if (w->dev[i].kind == DEV_NONE)
			continue;
		json_key_obj(j, w->dev[i].name);
		for (int c = 0; c < DEVC__COUNT; c++)
			json_u64(j, dev_counter_name((enum dev_counter)c),
				 w->dev[i].stats[c]);
		json_obj_close(j);
	}
	json_obj_close(j);
	json_arr_open(j, "softnet");
	json_obj_open(j);
	json_u64(j, "cpu", 0);
	for (int c = 0; c < SNC__COUNT; c++)
		json_u64(j, softnet_counter_name((enum softnet_counter)c),
			 w->softnet.stats[c]);
	json_obj_close(j);
	json_arr_close(j);
	json_arr_open(j, "iptables");
	for (int c = 0; c < IPT_CHAIN_MAX; c++)
		iptables_chain_json(j, w, c);
	json_arr_close(j);
	json_obj_close(j);
	json_flush_line(j, b->out);
}

static void counters_text(struct batch *b, const struct world *w)
{
	fprintf(b->out, "-- counters (non-zero) --\n");
	for (int i = 0; i < CTR__COUNT; i++)
		if (w->snmp[i])
			fprintf(b->out, "%-28s %llu\n",
				snmp_counter_name((enum snmp_counter)i),
				(unsigned long long)w->snmp[i]);
	for (int t = 0; t < 256; t++) {
		if (w->icmpmsg_in[t])
			fprintf(b->out, "IcmpMsgInType%-15d %llu\n", t,
				(unsigned long long)w->icmpmsg_in[t]);
		if (w->icmpmsg_out[t])
			fprintf(b->out, "IcmpMsgOutType%-14d %llu\n", t,
				(unsigned long long)w->icmpmsg_out[t]);
	}
	for (int i = 1; i < MAX_DEV; i++)
		for (int c = 0; c < DEVC__COUNT; c++)
			if (w->dev[i].kind != DEV_NONE && w->dev[i].stats[c])
				fprintf(b->out, "%s %-23s %llu\n", w->dev[i].name,
					dev_counter_name((enum dev_counter)c),
					(unsigned long long)w->dev[i].stats[c]);
	for (int c = 0; c < SNC__COUNT; c++)
		if (w->softnet.stats[c])
			fprintf(b->out, "softnet cpu0 %-15s %llu\n",
				softnet_counter_name((enum softnet_counter)c),
				(unsigned long long)w->softnet.stats[c]);
}

void batch_finish(struct batch *b, struct world *w)
{
	if (b->format == FMT_JSON)
		batch_flush_output(b);
	struct fate_rec *q = malloc(SKB_MAX * sizeof(*q));

	/* a capture that saw nothing still leaves a pcap file */
	tap_io_sync(&b->taps, w);
	size_t n = q ? engine_pending_fates(w, q, SKB_MAX) : 0;

	for (size_t i = 0; i < n && b->trace != TRACE_NONE; i++) {
		if (b->format == FMT_JSON)
			fate_json(b, w, &q[i]);
		else
			fate_text(b, w, &q[i]);
	}
	free(q);
	if (b->report)
		b->report(b->report_arg, w);
	if (b->format == FMT_JSON)
		counters_json(b, w);
	else if (b->counters)
		counters_text(b, w);
}

void batch_error(struct batch *b, const char *where, const char *msg)
{
	if (b->format != FMT_JSON)
		return;
	json_obj_open(&b->j);
	json_str(&b->j, "type", "error");
	json_str(&b->j, "where", where ? where : "");
	json_str(&b->j, "message", msg);
	json_obj_close(&b->j);
	json_flush_line(&b->j, b->out);
}

void batch_close(struct batch *b)
{
	for (int i = 0; i < b->nwrites; i++) {
		if (b->w[i].dumper)
			pcap_dump_close(b->w[i].dumper);
		if (b->w[i].pcap)
			pcap_close(b->w[i].pcap);
	}
	tap_io_close(&b->taps);
	json_free(&b->j);
	if (b->tool_out)
		fclose(b->tool_out);
	free(b->tool_buf);
}
