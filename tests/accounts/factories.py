"""factory_boy factories of the accounts app: users who can log in, gyms, memberships."""

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Gym, Membership, Role, User

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    """A user who can log in: password set and email verified (allauth requires it)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(PASSWORD)
    # Set up already; the onboarding tests make their own fresh accounts.
    onboarded_at = factory.LazyFunction(timezone.now)
    time_zone_confirmed = True
    # Onboarding's "legs about weekly in the last 4 weeks?": yes, a habitual lifter, so a leg
    # day is unaccustomed only as the log shows (tests of the answer set it themselves).
    legs_trained_recently = True

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class GymFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gym

    name = factory.Sequence(lambda n: f"Gym {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    gym = factory.SubFactory(GymFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.ATHLETE
