/* array.c: arrays of any item that grow as items are appended. */
#include <stdint.h>
#include <stdlib.h>

#include "array.h"

void *
array_room(void *arr, size_t *cap, size_t n, size_t size, size_t first)
{
	size_t	 want;
	void	*p;

	if (n < *cap)
		return arr;
	want = *cap == 0 ? first : *cap * 2;
	if (want <= n || want > SIZE_MAX / size)
		return NULL;
	if ((p = realloc(arr, want * size)) == NULL)
		return NULL;
	*cap = want;
	return p;
}
