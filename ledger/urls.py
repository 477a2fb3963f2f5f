from django.urls import path

from ledger import views

app_name = "ledger"

urlpatterns = [
    path("data/ledger.<str:fmt>", views.download, name="download"),
]
