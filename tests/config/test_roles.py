import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def test_it_creates_the_roles_with_their_permissions():
    leader = Group.objects.get(name="Processledare")
    steering = Group.objects.get(name="Styrgrupp")
    assert leader.permissions.filter(codename="change_agreement").exists()
    assert steering.permissions.filter(codename="view_agreement").exists()
    assert not steering.permissions.filter(codename="change_agreement").exists()


def test_it_lets_the_process_leader_edit_the_agreement_in_the_admin(
    as_user, process_leader, agreement
):
    client = as_user(process_leader)
    response = client.get(f"/admin/agreements/version/{agreement.in_force.pk}/change/")
    assert response.status_code == 200
    assert b'name="vision"' in response.content


def test_it_lets_the_steering_group_only_read_the_agreement(as_user, steering_member, agreement):
    client = as_user(steering_member)
    response = client.get(f"/admin/agreements/version/{agreement.in_force.pk}/change/")
    assert response.status_code == 200
    assert b'name="vision"' not in response.content  # read-only view


def test_it_keeps_anonymous_visitors_out_of_the_admin(public, agreement):
    response = public.get(f"/admin/agreements/agreement/{agreement.pk}/change/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
