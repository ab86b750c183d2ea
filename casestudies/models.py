# Case studies arrive with the published case studies issue.
