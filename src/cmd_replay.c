/*
 * cmd_replay.c: `replay CAPTURE [on DEV] [speed X|asap] [FILTER]`
 * (CONTRACTS.md §2.2): the frames of a pcap or pcapng file that FILTER (a
 * pcap-filter expression, as tcpdump takes it) accepts arrive on DEV's
 * wire with their capture timing, scaled by X, or back to back at wire
 * speed with asap.  The default DEV is the first NIC.  replay.h has how.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "replay.h"

#define REPLAY_USAGE "usage: replay CAPTURE [on DEV] [speed X|asap] [FILTER]"

static int first_nic(const struct world *w)
{
	for (int i = 1; i < MAX_DEV; i++)
		if (w->dev[i].kind == DEV_ETHER)
			return i;
	return 0;
}

static bool parse_speed(const char *s, uint32_t *milli)
{
	char *end;
	double v;

	if (!strcmp(s, "asap"))
		return *milli = 0, true;
	v = strtod(s, &end);
	if (end == s || *end || !(v >= 0.001) || v > 1e6)
		return false;
	*milli = (uint32_t)(v * 1000 + 0.5);
	return true;
}

/* The words after the options, joined as tcpdump joins its filter. */
static char *join_filter(int argc, char **argv)
{
	size_t n = 1;
	char *f;

	for (int i = 0; i < argc; i++)
		n += strlen(argv[i]) + 1;
	if (!(f = calloc(1, n)))
		return NULL;
	for (int i = 0; i < argc; i++) {
		if (i)
			strcat(f, " ");
		strcat(f, argv[i]);
	}
	return f;
}

struct replay_args {
	int dev;
	uint32_t speed_milli;
	int filter_at;               /* first word of FILTER */
};

static enum cmd_status parse_args(struct world *w, struct cmd_ctx *c,
				  int argc, char **argv, struct replay_args *a)
{
	int i = 2;

	a->dev = first_nic(w);
	a->speed_milli = 1000;
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "asap")) {
			a->speed_milli = 0;
		} else if (!strcmp(argv[i], "on") || !strcmp(argv[i], "speed")) {
			if (i + 1 >= argc) {
				cmd_error(c, "replay: '%s' needs a value", argv[i]);
				return CMD_USAGE;
			}
			if (argv[i][0] == 's' &&
			    !parse_speed(argv[i + 1], &a->speed_milli)) {
				cmd_error(c, "replay: speed is a factor (0.001 "
					  "to 1000000) or asap, not '%s'",
					  argv[i + 1]);
				return CMD_USAGE;
			}
			if (argv[i][0] == 'o') {
				a->dev = dev_by_name(w, argv[i + 1]);
				if (!a->dev || w->dev[a->dev].kind != DEV_ETHER) {
					cmd_error(c, "replay: no NIC named '%s' "
						  "(add one with `nic add %s`)",
						  argv[i + 1], argv[i + 1]);
					return CMD_USAGE;
				}
			}
			i++;
		} else {
			break;
		}
	}
	a->filter_at = i;
	if (!a->dev) {
		cmd_error(c, "replay: no NIC to replay into (add one with `nic "
			  "add eth0`)");
		return CMD_USAGE;
	}
	return CMD_OK;
}

/* A relative path not found from the current directory is looked for
 * under the lesson's tree (c->base_dir), so a lesson opens anywhere. */
static const char *capture_path(const struct cmd_ctx *c, const char *arg,
				char *buf, size_t n)
{
	if (!c->base_dir || arg[0] == '/' || !access(arg, F_OK))
		return arg;
	snprintf(buf, n, "%s/%s", c->base_dir, arg);
	return access(buf, F_OK) ? arg : buf;
}

enum cmd_status cmd_replay(struct world *w, struct cmd_ctx *c, int argc,
			   char **argv)
{
	struct replay_args a;
	enum cmd_status st;
	char err[768], *filter, path[1024];
	const char *why;
	int id;

	if (argc < 2) {
		cmd_error(c, REPLAY_USAGE);
		return CMD_USAGE;
	}
	if ((st = parse_args(w, c, argc, argv, &a)) != CMD_OK)
		return st;
	if (w->replay.src) {
		cmd_error(c, "replay: %s is still being replayed (%llu frames "
			  "so far)", replay_path(c->replay, w->replay.src),
			  (unsigned long long)w->replay.replayed);
		return CMD_FAIL;
	}
	if (!c->replay && !(c->replay = replay_set_new()))
		return CMD_FAIL;
	if (!(filter = join_filter(argc - a.filter_at, argv + a.filter_at)))
		return CMD_FAIL;
	id = replay_open(c->replay, capture_path(c, argv[1], path,
						 sizeof(path)), filter, err,
			 sizeof(err));
	free(filter);
	if (!id) {
		cmd_error(c, "%s", err);
		return CMD_USAGE;
	}
	replay_start(w, id, a.dev, a.speed_milli);
	if (!c->settle)
		return CMD_OK;
	cmd_run_until(w, c, UINT64_MAX, true);
	replay_progress_end(c->replay);
	if ((why = replay_failed(c->replay, id))) {
		cmd_error(c, "%s", why);
		return CMD_FAIL;
	}
	return CMD_OK;
}
