"""Compliance rules' reference data and helpers: embargo lists, the UN sanctions list, party
name matching, marking year codes and the working-day calendar. No Flask here."""
