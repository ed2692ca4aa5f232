"""The two-step review: 初审 by a Reviewer, then 律师复审 by a Lawyer reviewer."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import TaskState, Workflow, WorkflowState
from wagtail.test.utils.form_data import nested_form_data

from outreach import factories
from outreach.models import ArticleIndexPage
from outreach.services import REVIEW_WORKFLOW_NAME, assign_review_workflow
from portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def _member(group_name, **kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor():
    return _member("Outreach editors")


@pytest.fixture
def reviewer():
    return _member("Reviewers")


@pytest.fixture
def lawyer():
    return _member("Lawyer reviewers")


@pytest.fixture
def news():
    index = factories.ArticleIndexPageFactory()
    assign_review_workflow(index)
    return index


def _draft_article(news, editor):
    article = factories.ArticlePageFactory(parent=news, title="农民工维权月新闻", live=False)
    article.save_revision(user=editor)
    return article


def _current_task(obj) -> TaskState:
    return (
        WorkflowState.objects.active()
        .get(base_content_type=obj.get_base_content_type(), object_id=str(obj.pk))
        .current_task_state
    )


def test_workflow_has_first_review_then_lawyer_review():
    workflow = Workflow.objects.get(name=REVIEW_WORKFLOW_NAME)
    tasks = [t.specific for t in workflow.tasks.order_by("workflow_tasks__sort_order")]
    assert [t.name for t in tasks] == ["初审", "律师复审"]
    assert [g.name for g in tasks[0].groups.all()] == ["Reviewers"]
    assert [g.name for g in tasks[1].groups.all()] == ["Lawyer reviewers"]


def test_editor_cannot_publish_an_article_directly(news, editor):
    article = _draft_article(news, editor)
    permissions = article.permissions_for_user(editor)
    assert permissions.can_edit()
    assert not permissions.can_publish()


def test_article_is_public_only_after_both_approvals(client, news, editor, reviewer, lawyer):
    article = _draft_article(news, editor)
    article.get_workflow().start(article, editor)
    url = f"{news.url}{article.slug}/"

    first = _current_task(article)
    assert first.task.name == "初审"
    first.approve(user=reviewer, comment="内容准确")
    article.refresh_from_db()
    assert not article.live
    assert client.get(url).status_code == 404

    second = _current_task(article)
    assert second.task.name == "律师复审"
    second.approve(user=lawyer, comment="法律条文已核对")
    article.refresh_from_db()
    assert article.live
    assert client.get(url).status_code == 200


def test_reviewer_cannot_do_the_lawyers_review(news, editor, reviewer, lawyer):
    article = _draft_article(news, editor)
    article.get_workflow().start(article, editor)
    _current_task(article).approve(user=reviewer)
    lawyer_task = _current_task(article).task.specific
    assert lawyer_task.get_actions(article, lawyer)
    assert lawyer_task.get_actions(article, reviewer) == []


def test_rejection_returns_the_article_to_the_editor_with_a_comment(news, editor, reviewer):
    article = _draft_article(news, editor)
    article.get_workflow().start(article, editor)
    task_state = _current_task(article)
    task_state.reject(user=reviewer, comment="第二段法条已修订，请更新")
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.comment == "第二段法条已修订，请更新"
    article.refresh_from_db()
    assert not article.live


def test_brochure_goes_through_the_same_review(editor, reviewer, lawyer):
    brochure = factories.BrochureFactory(live=False, title="残疾人维权手册")
    brochure.save_revision(user=editor)
    workflow = brochure.get_workflow()
    assert workflow.name == REVIEW_WORKFLOW_NAME
    workflow.start(brochure, editor)
    _current_task(brochure).approve(user=reviewer)
    brochure.refresh_from_db()
    assert not brochure.live
    _current_task(brochure).approve(user=lawyer)
    brochure.refresh_from_db()
    assert brochure.live


def test_new_article_index_created_in_the_admin_gets_the_review(client, superuser, home_page):
    client.force_login(superuser)
    response = client.post(
        f"/admin/pages/add/outreach/articleindexpage/{home_page.pk}/",
        nested_form_data({"title": "政策解读", "slug": "policy", "action-publish": "publish"}),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    index = ArticleIndexPage.objects.get(slug="policy")
    assert index.get_workflow().name == REVIEW_WORKFLOW_NAME


def test_brochures_are_listed_in_the_admin(client, superuser):
    factories.BrochureFactory(title="老年人维权手册")
    client.force_login(superuser)
    response = client.get("/admin/snippets/outreach/brochure/")
    assert response.status_code == 200
    assert "老年人维权手册" in response.content.decode()


def test_an_edit_during_review_needs_both_approvals_again(news, editor, reviewer, lawyer):
    article = _draft_article(news, editor)
    article.get_workflow().start(article, editor)
    _current_task(article).approve(user=reviewer)
    # The lawyer changes the text before approving: the first review must see it.
    article.summary = "律师修改后的摘要"
    article.save_revision(user=lawyer)
    _current_task(article).approve(user=lawyer)
    article.refresh_from_db()
    assert not article.live
    assert _current_task(article).task.name == "初审"
