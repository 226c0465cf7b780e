"""The findings pages: the list, a finding's whole story with its actions, registering; inspection rounds."""
