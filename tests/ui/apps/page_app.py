"""Test harness: render one fieldnotes page (chosen by the `page` query parameter, its url path) with the sidebar."""

import importlib

import streamlit as st

from fieldnotes.ui import shell

MODULES = {url: module for _section, module, _title, url in shell.PAGES}
context = shell.sidebar()
importlib.import_module(f"fieldnotes.ui.{MODULES[st.query_params.get('page', 'notes')]}").render(context)
