from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from quizapp.services import quizzes


class MultiCheckbox(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class CohortForm(FlaskForm):
    name = StringField("Cohort name", validators=[DataRequired(), Length(max=120)])
    qualification = SelectField("Qualification", validators=[DataRequired()])
    optional_units = MultiCheckbox("Optional units (where the qualification has choices)",
                                   validate_choice=False)


class AssessorForm(FlaskForm):
    username = StringField("Assessor's username", validators=[DataRequired(), Length(max=80)])


class QuizForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=quizzes.MAX_TITLE)])
    units = MultiCheckbox("Units", validate_choice=False)
    scenarios = MultiCheckbox("Or role-play scenarios", validate_choice=False)
    questions = IntegerField("Number of questions", default=10,
                             validators=[DataRequired(), NumberRange(1, quizzes.MAX_QUESTIONS)])
    selection = SelectField("Questions", choices=[
        SelectChoice("random", "Drawn at random for each learner"),
        SelectChoice("fixed", "The same for everyone")])
    opens = DateTimeLocalField("Opens", format="%Y-%m-%dT%H:%M", validators=[Optional()])
    due = DateTimeLocalField("Due", format="%Y-%m-%dT%H:%M", validators=[Optional()])
    # the browser's time zone (static/timezone.js), which the two dates above are in
    zone = HiddenField(default="Europe/London", validators=[Optional(), Length(max=64)])
    attempts = IntegerField("Attempts allowed", default=1, validators=[NumberRange(1, quizzes.MAX_ATTEMPTS)])
    feedback = SelectField("Feedback", choices=[
        SelectChoice("immediate", "Straight away (practice)"),
        SelectChoice("after_due", "After the due date (a check)")])


class QuestionForm(FlaskForm):
    prompt = TextAreaField("Question", validators=[DataRequired(), Length(max=1000)])
    model_answer = TextAreaField("Model answer", validators=[DataRequired(), Length(max=3000)])
    hint = StringField("Hint (optional)", validators=[Optional(), Length(max=300)])
    criteria = MultiCheckbox("Criteria it evidences", validate_choice=False)
    rubric = TextAreaField("Rubric (YAML: concepts with phrasings; see the format guide)",
                           validators=[Optional(), Length(max=20000)])
    samples = TextAreaField("Sample responses, one per line, e.g. “secure: check it is right”",
                            validators=[Optional(), Length(max=10000)])
