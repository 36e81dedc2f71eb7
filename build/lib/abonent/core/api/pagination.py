"""The API's pagination: LIMIT/OFFSET with bounds, so that no request pulls a whole register or overflows OFFSET."""

from rest_framework.pagination import LimitOffsetPagination


class LimitOffsetPagination(LimitOffsetPagination):
    """`?limit=` up to MAX_LIMIT rows (50 by default); an offset past the last row is an empty page, not an error."""

    # A page of a large register (calls, payments) serialises in well under a second at this size.
    max_limit = 1000
    # Past any register's size, and within the integer the databases take for OFFSET.
    max_offset = 2**31 - 1

    def get_offset(self, request) -> int:
        return min(super().get_offset(request), self.max_offset)
