"""Who may run a programme's sign-ups (loaded by ``rules.apps.AutodiscoverRulesConfig``).

Managing (the sign-up list, unmasking, export, staff cancellation): the city, the district the
programme is in, and the centre that runs it. Attendance is recorded by the centre on the day.
"""

import rules

from anshim.accounts.permissions import is_city_official, same_center, same_district

rules.add_perm("programs.manage_program", rules.is_superuser | is_city_official | same_district | same_center)
rules.add_perm("programs.mark_attendance", rules.is_superuser | same_center)
