"""The admin's import form: a manifest, a zip of its files, and what the import may do."""

from django import forms
from django.template.defaultfilters import filesizeformat

from publications.editorial.permissions import decides_what_readers_see

from .manifest import MAX_MANIFEST_BYTES

MAX_ZIP_BYTES = 4 * 1024 * 1024 * 1024


class ImportForm(forms.Form):
    manifest = forms.FileField(
        help_text="The spreadsheet saved as CSV (UTF-8), or JSON: one row per publication or brief."
    )
    files = forms.FileField(label="Zip of PDFs and covers", help_text="The files the manifest names, in one zip.")
    create_topics = forms.BooleanField(required=False, help_text="Add the topics the site does not have yet.")
    publish = forms.BooleanField(
        required=False,
        label="Publish changes to live pages",
        help_text="Without it, a changed row of a live publication becomes a draft for review.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not decides_what_readers_see(user):
            del self.fields["publish"]

    def clean_manifest(self):
        manifest = self.cleaned_data["manifest"]
        if manifest.size > MAX_MANIFEST_BYTES:
            raise forms.ValidationError(f"The manifest can be at most {filesizeformat(MAX_MANIFEST_BYTES)}.")
        if not manifest.name.lower().endswith((".csv", ".json")):
            raise forms.ValidationError("Upload the manifest as a .csv or .json file.")
        return manifest

    def clean_files(self):
        files = self.cleaned_data["files"]
        if files.size > MAX_ZIP_BYTES:
            raise forms.ValidationError(f"The zip can be at most {filesizeformat(MAX_ZIP_BYTES)}; split the archive.")
        if not files.name.lower().endswith(".zip"):
            raise forms.ValidationError("Upload the PDFs and covers as one .zip file.")
        return files
