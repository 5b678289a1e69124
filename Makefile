# gongwen — GNU Makefile.  See README.md.
#
#   make            build ./gongwen
#   make run        install missing build packages, build, render inputs/ into outputs/
#   make test       install missing build packages, build, run every test
#   make asan       run the test suite built with ASan+UBSan
#   make regen      rewrite golden model files from the current build (shows the diff)
#   make score      score the exports on ../shared/seeds against ../shared/gold
#   make bench      time gongwen build on synthetic corpora against issue 6's targets
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean

VERSION   := 0.1.0
PREFIX    ?= /usr/local
DESTDIR   ?=
CC        ?= cc
PKGS      := libxml-2.0 libzip zlib libpcre2-8 libcmark xlsxwriter
SHARED    ?= ../shared

# Build flavours: plain (build/) or sanitised (SAN=1, build-asan/).
ifeq ($(SAN),1)
BUILD     ?= build-asan
SANFLAGS  := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT       ?= -O1 -g
else
BUILD     ?= build
SANFLAGS  :=
OPT       ?= -O2 -g
endif

WARN      := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Werror
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = $(WARN) $(OPT) $(SANFLAGS) -pthread -Isrc -I$(BUILD) $(PKG_CFLAGS) \
             -DGW_VERSION='"$(VERSION)"' $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) -pthread $(LDFLAGS)
# fewer relocations and no unused libraries loaded at every start
PROG_LDFLAGS := -Wl,-O1 -Wl,--as-needed

LIB_SRCS  := src/util.c src/source.c src/rules.c src/extract.c src/model.c \
             src/render.c src/package.c src/batch.c src/replies.c src/export.c \
             src/summary.c src/ledger.c src/diff.c
CLI_SRCS  := src/cli.c
LIB_OBJS  := $(LIB_SRCS:src/%.c=$(BUILD)/%.o) $(BUILD)/embed.o
CLI_OBJS  := $(CLI_SRCS:src/%.c=$(BUILD)/%.o)
TEMPLATES := templates/notice.docx templates/plan.docx templates/report.docx templates/letter.docx
EMBEDDED  := gw_schema_rng=schema/gongwen.rng \
             gw_tpl_notice=templates/notice.docx gw_tpl_plan=templates/plan.docx \
             gw_tpl_report=templates/report.docx gw_tpl_letter=templates/letter.docx
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

PROGRAM   := $(BUILD)/gongwen

.PHONY: all deps run test check asan regen score install clean templates bench
.DELETE_ON_ERROR:

all: $(PROGRAM)
ifeq ($(BUILD),build)
all: gongwen
gongwen: $(PROGRAM)
	cp $(PROGRAM) $@
endif

deps:
	@sh tools/deps.sh

$(BUILD)/%.o: src/%.c src/*.h | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/bin2c: tools/bin2c.c | $(BUILD)
	$(CC) -O1 -o $@ $<

$(BUILD)/embed.c: $(BUILD)/bin2c schema/gongwen.rng $(TEMPLATES)
	$(BUILD)/bin2c $@ $(EMBEDDED)

$(BUILD)/embed.o: $(BUILD)/embed.c
	$(CC) $(OPT) $(SANFLAGS) -c $< -o $@

$(BUILD)/libgongwen.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(PROGRAM): $(CLI_OBJS) $(BUILD)/libgongwen.a
	$(CC) $(ALL_LDFLAGS) $(PROG_LDFLAGS) -o $@ $(CLI_OBJS) $(BUILD)/libgongwen.a $(PKG_LIBS) -lm

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h tests/unit/unit_model.h $(BUILD)/libgongwen.a | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libgongwen.a $(PKG_LIBS) -lm

$(BUILD) $(BUILD)/tests:
	mkdir -p $@

# Templates are built from their unpacked sources in templates/src/<name>/
# (deterministic zip); the .docx files are committed so a fresh clone needs
# no zip tool.  `make templates` rebuilds them after editing the sources.
templates:
	python3 tools/mktemplates.py

run: deps
	@$(MAKE) --no-print-directory $(PROGRAM)
	$(PROGRAM) build inputs -o outputs

test: deps
	@$(MAKE) --no-print-directory $(PROGRAM) $(UNIT_BINS)
	@GONGWEN=$(PROGRAM) BUILD=$(BUILD) SHARED=$(SHARED) sh tests/run.sh

check: test

asan:
	@$(MAKE) --no-print-directory SAN=1 test

regen: $(PROGRAM)
	@GONGWEN=$(PROGRAM) sh tests/regen.sh

score: deps
	@$(MAKE) --no-print-directory $(PROGRAM)
	@GONGWEN=$(PROGRAM) SHARED=$(SHARED) sh tests/score.sh

# Synthetic corpora of 1 … 10,000 drafts and letters (tests/bench/gen.py),
# timed end to end and in process (gw-bench); prints figures and targets.
bench: $(PROGRAM) $(BUILD)/gw-bench $(BUILD)/gw-floor
	@python3 tests/bench/bench.py --gongwen $(PROGRAM) --bench $(BUILD)/gw-bench --floor $(BUILD)/gw-floor

# An empty program linked against the four libraries the brief names: the
# start-up cost every gongwen process pays before its own code runs.
$(BUILD)/gw-floor: tests/bench/floor.c | $(BUILD)
	$(CC) $(ALL_CFLAGS) -o $@ $< -Wl,--no-as-needed $(shell pkg-config --libs libxml-2.0 libzip libpcre2-8 libcmark)

$(BUILD)/gw-bench: tests/bench/bench.c $(BUILD)/libgongwen.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libgongwen.a $(PKG_LIBS) -lm

install: $(PROGRAM)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/gongwen/templates $(DESTDIR)$(PREFIX)/share/gongwen/schema
	install -m 755 $(PROGRAM) $(DESTDIR)$(PREFIX)/bin/gongwen
	install -m 644 man/gongwen.1 $(DESTDIR)$(PREFIX)/share/man/man1/gongwen.1
	install -m 644 $(TEMPLATES) templates/README.md $(DESTDIR)$(PREFIX)/share/gongwen/templates/
	install -m 644 schema/gongwen.rng schema/README.md $(DESTDIR)$(PREFIX)/share/gongwen/schema/

clean:
	rm -rf build build-asan gongwen
