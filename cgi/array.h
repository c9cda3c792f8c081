/* array.h: arrays of any item that grow as items are appended. */
#ifndef SLATE_ARRAY_H
#define SLATE_ARRAY_H

#include <stddef.h>

/*
 * Room for one more item in arr, *cap items of size bytes of which n
 * are in use: when it is full, twice as many (first when empty).
 * Returns the array, perhaps moved (*cap updated), or NULL when memory
 * runs out (arr and *cap unchanged).
 */
void	*array_room(void *arr, size_t *cap, size_t n, size_t size,
	    size_t first);

#endif
