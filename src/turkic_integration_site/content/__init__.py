"""Takes content/ (YAML and prose) and the bibliography; gives the checked, typed Site, or every problem located."""
