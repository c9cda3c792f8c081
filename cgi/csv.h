/* csv.h: CSV cells for exports, guarded against spreadsheet formulas. */
#ifndef SLATE_CSV_H
#define SLATE_CSV_H

#include <stdint.h>

struct buf;

/*
 * Appends one CSV cell to b, preceded by a comma unless first (RFC
 * 4180: quoted when it holds a comma, a quote or a line break, quotes
 * doubled). A cell a spreadsheet would take for a formula (= + - @ tab
 * CR first) gets a leading apostrophe. Returns 0 or -1.
 */
int	csv_cell(struct buf *b, const char *s, int first);

/*
 * Appends a number cell ("-25.50", "1200") as it is, so spreadsheets
 * read it as a number; anything but digits, one leading '-' and '.'
 * goes through csv_cell. Returns 0 or -1.
 */
int	csv_number_cell(struct buf *b, const char *s, int first);

/* Appends the line end of a CSV row. Returns 0 or -1. */
int	csv_end(struct buf *b);

#endif
